package io.switchboard;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * A scheduled job a stop waits for: it does not start once the application is stopping, and a
 * run already going is let finish (a few seconds at most) before the container shuts down
 * under it — see {@link Ticks}.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface Tick {
}
