package io.inbox.user;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/** One instance: no other instance holds a copy of a profile, so there is no one to tell. */
@ApplicationScoped
@Typed(LocalProfileBroadcast.class)
public class LocalProfileBroadcast implements ProfileBroadcast {

    @Override
    public void changed(long userId) {
        // nothing to do: this instance's own cache was updated by the write
    }
}
