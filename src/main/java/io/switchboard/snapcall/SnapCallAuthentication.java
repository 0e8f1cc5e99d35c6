package io.switchboard.snapcall;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/** Adds the API key to every request, as SnapCall accepts it: Bearer token or Basic user name. */
public class SnapCallAuthentication implements ClientRequestFilter {

    private final String header;

    public SnapCallAuthentication(SnapCallConfig.AuthScheme scheme, String apiKey) {
        this.header = switch (scheme) {
            case BEARER -> "Bearer " + apiKey;
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString((apiKey + ":").getBytes(StandardCharsets.UTF_8));
        };
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, header);
    }

    @Override
    public String toString() {
        return "SnapCallAuthentication[key hidden]";
    }
}
