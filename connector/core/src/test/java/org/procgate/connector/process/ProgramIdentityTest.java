package org.procgate.connector.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Who a pool's programs run as, for a server running as root (uid 0) and as an ordinary user (uid 1000). */
class ProgramIdentityTest {

    @Test
    void underRootAPoolWithoutAUserRunsAsNobodyThroughSetpriv() {
        ProgramIdentity identity = ProgramIdentity.of("", "", 0);
        assertThat(identity.user()).isEqualTo("nobody");
        assertThat(identity.uid()).isEqualTo(65534);
        assertThat(identity.gid()).isNotZero();
        assertThat(identity.prefix()).containsExactly("/usr/bin/setpriv", "--reuid=65534", "--regid=" + identity.gid(),
                "--init-groups", "--");
    }

    @Test
    void underRootANamedGroupIsUsed() {
        ProgramIdentity identity = ProgramIdentity.of("nobody", "nogroup", 0);
        assertThat(identity.gid()).isEqualTo(65534);
    }

    @Test
    void rootAndItsGroupAreRefused() {
        assertThatThrownBy(() -> ProgramIdentity.of("root", "", 0)).hasMessageContaining("programs never run as root");
        assertThatThrownBy(() -> ProgramIdentity.of("nobody", "root", 0)).hasMessageContaining("group 'root' is root's group 0");
    }

    @Test
    void anUnknownUserOrGroupIsRefusedByName() {
        assertThatThrownBy(() -> ProgramIdentity.of("no-such-user-here", "", 0)).hasMessage("user 'no-such-user-here' does not exist");
        assertThatThrownBy(() -> ProgramIdentity.of("nobody", "no-such-group-here", 0))
                .hasMessage("group 'no-such-group-here' does not exist");
    }

    @Test
    void anOrdinaryServerRunsProgramsAsItselfAndRefusesToSwitch() {
        assertThat(ProgramIdentity.of("", "", 1000)).isEqualTo(ProgramIdentity.SERVER);
        assertThat(ProgramIdentity.SERVER.prefix()).isEmpty();
        assertThatThrownBy(() -> ProgramIdentity.of("nobody", "", 1000))
                .hasMessageContaining("the server runs as uid 1000, not root");
    }
}
