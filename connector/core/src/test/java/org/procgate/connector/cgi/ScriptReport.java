package org.procgate.connector.cgi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.procgate.connector.api.ProgramResponse;

/** What env.py reported: its environment, arguments, working directory and body (values still escaped). */
record ScriptReport(Map<String, String> env, List<String> argv, String cwd, String body) {

    static ScriptReport of(ProgramResponse response) {
        if (response.status() != 200) {
            throw new AssertionError("env.py answered " + response.status() + ": " + response.bodyText());
        }
        Map<String, String> env = new LinkedHashMap<>();
        List<String> argv = new ArrayList<>();
        String cwd = null;
        String body = null;
        for (String line : response.bodyText().split("\n")) {
            if (line.startsWith("env:")) {
                int eq = line.indexOf('=');
                env.put(line.substring(4, eq), line.substring(eq + 1));
            } else if (line.startsWith("argv:")) {
                argv.add(line.substring(5));
            } else if (line.startsWith("cwd:")) {
                cwd = line.substring(4);
            } else if (line.startsWith("body:")) {
                body = line.substring(5);
            }
        }
        return new ScriptReport(env, argv, cwd, body);
    }
}
