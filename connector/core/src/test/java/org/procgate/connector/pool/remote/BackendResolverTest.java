package org.procgate.connector.pool.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class BackendResolverTest {

    private final AtomicReference<String[]> answer = new AtomicReference<>(new String[] {"10.0.0.1", "10.0.0.2"});

    private InetAddress[] lookup(String name) throws UnknownHostException {
        String[] ips = answer.get();
        if (ips == null) {
            throw new UnknownHostException(name);
        }
        InetAddress[] found = new InetAddress[ips.length];
        for (int i = 0; i < ips.length; i++) {
            found[i] = InetAddress.getByName(ips[i]);
        }
        return found;
    }

    @Test
    void aNameIsOneBackendPerAddressAndKeepsThoseThatStay() {
        BackendResolver resolver = new BackendResolver(List.of(DeclaredBackend.parse("workers.example:9000 weight=2"),
                DeclaredBackend.parse("unix:/run/php.sock")), this::lookup);
        assertThat(resolver.hasNames()).isTrue();
        List<Backend> first = resolver.resolve();
        assertThat(first).extracting(Backend::toString).containsExactly("10.0.0.1:9000 (workers.example)",
                "10.0.0.2:9000 (workers.example)", "unix:/run/php.sock");
        assertThat(first.get(0).weight()).isEqualTo(2);

        answer.set(new String[] {"10.0.0.2", "10.0.0.3"});
        List<Backend> second = resolver.resolve();
        assertThat(second).extracting(Backend::toString).containsExactly("10.0.0.2:9000 (workers.example)",
                "10.0.0.3:9000 (workers.example)", "unix:/run/php.sock");
        assertThat(second.get(0)).as("the same backend, counts and all").isSameAs(first.get(1));

        answer.set(null);
        assertThat(resolver.resolve()).as("a failed lookup keeps the last answer").isEqualTo(second);
    }

    @Test
    void addressesAreNotNames() {
        assertThat(DeclaredBackend.parse("10.1.2.3:9000").isName()).isFalse();
        assertThat(DeclaredBackend.parse("[::1]:9000").isName()).isFalse();
        assertThat(DeclaredBackend.parse("unix:/x.sock").isName()).isFalse();
        assertThat(DeclaredBackend.parse("php.internal:9000").isName()).isTrue();
    }
}
