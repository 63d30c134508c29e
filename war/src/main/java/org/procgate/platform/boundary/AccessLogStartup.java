package org.procgate.platform.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.procgate.platform.control.ServerSetting;

/** Opens the access log as the application starts ({@code procgate.accessLog}) and closes its file as it stops. */
@WebListener
public class AccessLogStartup implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        AccessLog.start(ServerSetting.ACCESS_LOG.value().orElse(""));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        AccessLog.stop();
    }
}
