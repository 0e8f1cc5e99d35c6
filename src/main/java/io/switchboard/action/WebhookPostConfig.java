package io.switchboard.action;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Where {@code webhook.post} actions may send. */
@ConfigMapping(prefix = "switchboard.webhook-post")
public interface WebhookPostConfig {

    /** Host names a webhook.post may call; {@code *.example.com} allows sub-domains. None: webhook.post is refused. */
    Optional<List<String>> allowedHosts();
}
