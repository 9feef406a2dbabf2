package io.inbox.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfiguredDataSourceTest {

    @Test
    void logsUrlsWithoutTheirSettings() {
        assertEquals("jdbc:h2:file:./data/inbox",
                ConfiguredDataSource.withoutParameters("jdbc:h2:file:./data/inbox;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
        assertEquals("jdbc:postgresql://db:5432/inbox",
                ConfiguredDataSource.withoutParameters("jdbc:postgresql://db:5432/inbox?password=secret"));
        assertEquals("jdbc:h2:mem:x", ConfiguredDataSource.withoutParameters("jdbc:h2:mem:x"));
    }
}
