package org.procgate.cluster.control;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.procgate.platform.control.ServerSetting;

/**
 * This node as the others know it: its name (the node column of every node's console) and the
 * base URL of its own admin API, where actions on its pools go ({@code procgate.node.url}; none:
 * other nodes can show its pools but not act on them).
 */
record ThisNode(String name, String url) {

    static ThisNode fromSettings() {
        String url = ServerSetting.NODE_URL.value().map(u -> u.endsWith("/") ? u : u + "/").orElse("");
        String name = ServerSetting.NODE_NAME.value()
                .orElseGet(() -> url.isEmpty() ? hostName() : URI.create(url).getAuthority());
        return new ThisNode(name, url);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + ProcessHandle.current().pid();
        } catch (UnknownHostException e) {
            return "node-" + ProcessHandle.current().pid();
        }
    }
}
