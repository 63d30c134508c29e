package org.procgate.bare;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The bare WAR's JAX-RS application: nothing but the hello resource. */
@ApplicationPath("api")
public class BareApplication extends Application {
}
