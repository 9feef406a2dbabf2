package io.inbox.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The REST API lives under {@code /api/}. */
@ApplicationPath("/api")
@ApplicationScoped
@OpenAPIDefinition(info = @Info(title = "inbox", version = "1",
        description = "Conversations, messages and read positions (Django REST framework conventions), the "
                + "server-side publish API for services and the admin API for operators. Every call takes "
                + "Authorization: Bearer <JWT>."))
public class InboxApplication extends Application {
}
