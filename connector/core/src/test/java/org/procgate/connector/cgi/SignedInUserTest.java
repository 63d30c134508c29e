package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramRequest.RemoteUser;
import org.procgate.connector.settings.PoolSettings;

/** REMOTE_USER and AUTH_TYPE (RFC 3875 sections 4.1.11, 4.1.1): the user the server signed in, and nobody else. */
class SignedInUserTest {

    private static Map<String, String> variables(RemoteUser user, boolean passAuthorization, Map<String, String> environment) {
        ProgramRequest request = ProgramRequest.builder("POST", "/cgi/git").header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .remoteUser(user).build();
        return new MetaVariables(PoolSettings.ALL_HEADERS, passAuthorization, environment)
                .build(request, "/cgi/git", "", null, null);
    }

    @Test
    void withoutASignedInUserNeitherIsSet() {
        assertThat(variables(null, false, Map.of())).doesNotContainKeys("REMOTE_USER", "AUTH_TYPE");
    }

    @ParameterizedTest
    @CsvSource({
            "BASIC, Basic",
            "basic, Basic",
            "DIGEST, Digest",
            "FORM, FORM",
            "CLIENT_CERT, CLIENT_CERT",
            "Bearer, Bearer"})
    void theUserAndTheSchemeAsRfc3875NamesIt(String servletAuthType, String authType) {
        assertThat(variables(new RemoteUser("alice", servletAuthType), false, Map.of()))
                .containsEntry("REMOTE_USER", "alice")
                .containsEntry("AUTH_TYPE", authType);
    }

    @Test
    void aUserSignedInWithoutANamedSchemeHasNoAuthType() {
        assertThat(variables(new RemoteUser("alice", null), false, Map.of()))
                .containsEntry("REMOTE_USER", "alice")
                .doesNotContainKey("AUTH_TYPE");
    }

    @Test
    void theUsersCredentialsPassOnlyWhenThePoolPassesAuthorization() {
        RemoteUser alice = new RemoteUser("alice", "BASIC");
        assertThat(variables(alice, false, Map.of())).doesNotContainKey("HTTP_AUTHORIZATION");
        assertThat(variables(alice, true, Map.of())).containsEntry("HTTP_AUTHORIZATION", "Basic YWxpY2U6c2VjcmV0");
    }

    @Test
    void thePoolsEnvironmentCannotSignAnyoneIn() {
        Map<String, String> environment = Map.of("REMOTE_USER", "root", "AUTH_TYPE", "Basic");
        assertThat(variables(null, false, environment)).doesNotContainKeys("REMOTE_USER", "AUTH_TYPE");
        assertThat(variables(new RemoteUser("alice", "BASIC"), false, environment))
                .containsEntry("REMOTE_USER", "alice").containsEntry("AUTH_TYPE", "Basic");
    }

    @Test
    void aHeaderNamedLikeTheVariableStaysAHeader() {
        ProgramRequest request = ProgramRequest.builder("GET", "/cgi/git").header("Remote-User", "root").build();
        assertThat(new MetaVariables(PoolSettings.ALL_HEADERS, false, Map.of()).build(request, "/cgi/git", "", null, null))
                .containsEntry("HTTP_REMOTE_USER", "root")
                .doesNotContainKey("REMOTE_USER");
    }
}
