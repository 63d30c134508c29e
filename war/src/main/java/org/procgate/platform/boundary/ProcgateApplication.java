package org.procgate.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every procgate endpoint lives under the application root. */
@ApplicationPath("")
public class ProcgateApplication extends Application {
}
