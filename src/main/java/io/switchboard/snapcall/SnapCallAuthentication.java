package io.switchboard.snapcall;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Puts on each request the key its endpoint takes ({@link Credential.Use} on the
 * {@link SnapCallApi} method; the account's key when it says nothing), as SnapCall accepts it:
 * Bearer token or Basic user name. Public endpoints go without any {@code Authorization}.
 * Neither key ever leaves this object but in that header ({@link #toString()} hides them).
 */
public class SnapCallAuthentication implements ClientRequestFilter {

    /** Set by the REST client on every request: the interface method being called. */
    static final String INVOKED_METHOD = "org.eclipse.microprofile.rest.client.invokedMethod";

    private final String account;
    private final String partner;

    /** {@code partnerKey} null: the partner endpoints take the account's key too. */
    public SnapCallAuthentication(SnapCallConfig.AuthScheme scheme, String accountKey, String partnerKey) {
        this.account = header(scheme, accountKey);
        this.partner = partnerKey == null || partnerKey.isBlank() ? account : header(scheme, partnerKey);
    }

    @Override
    public void filter(ClientRequestContext request) {
        String header = switch (credential(request)) {
            case ACCOUNT -> account;
            case PARTNER -> partner;
            case NONE -> null;
        };
        if (header == null) {
            request.getHeaders().remove(HttpHeaders.AUTHORIZATION);
        } else {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, header);
        }
    }

    static Credential credential(ClientRequestContext request) {
        Object invoked = request.getProperty(INVOKED_METHOD);
        Credential.Use use = invoked instanceof Method method ? method.getAnnotation(Credential.Use.class) : null;
        return use == null ? Credential.ACCOUNT : use.value();
    }

    private static String header(SnapCallConfig.AuthScheme scheme, String key) {
        return switch (scheme) {
            case BEARER -> "Bearer " + key;
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        };
    }

    @Override
    public String toString() {
        return "SnapCallAuthentication[keys hidden]";
    }
}
