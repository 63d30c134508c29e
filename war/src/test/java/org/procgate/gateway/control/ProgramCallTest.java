package org.procgate.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramConnectionFactory;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;

/** The application's own calls (the search) never use a pool that is for signed-in users. */
class ProgramCallTest {

    @Test
    void aPoolThatNamesRolesIsNotRunForTheApplication() {
        ProgramCall call = new ProgramCall();
        call.pools = new PoolDirectory() {
            @Override
            public ProgramConnectionFactory factory(String poolName) {
                return new RoleFactory(Set.of("git-pusher"));
            }
        };

        ProgramException refused = catchThrowableOfType(ProgramException.class,
                () -> call.run("search", ProgramRequest.builder("GET", "/search").build()));

        assertThat(refused.failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(refused.getMessage()).contains("search", "requiredRoles");
    }

    /** A pool that names roles, and fails the test if anything gets a connection to it. */
    private record RoleFactory(Set<String> requiredRoles) implements ProgramConnectionFactory {
        @Override
        public ProgramConnection getConnection() {
            throw new AssertionError("a connection was taken");
        }

        @Override
        public String poolName() {
            return "search";
        }

        @Override
        public PoolStatus status() {
            throw new AssertionError("not asked");
        }
    }
}
