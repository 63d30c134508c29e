package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.RealmUser;

/**
 * git-http-backend behind a pool that names a role (test-git-push): it lets a push through only
 * for a signed-in user (REMOTE_USER) where the repository does not set http.receivepack, so a
 * push succeeds for a user the server signed in with the role, and is refused to anyone else.
 */
@SystemTest
class GitPushForSignedInUsersIT {

    private static final String REPOSITORY = "signed-in.git";

    @Test
    void aUserWithTheRolePushesWhereAnonymousCallersAndOtherUsersCannot(Procgate procgate) throws Exception {
        Path work = Files.createTempDirectory("procgate-git-");
        try {
            Git.givenToThePoolsUser(Git.bareRepository(REPOSITORY));
            Path source = Git.sourceWithCommit(work, 100_000);
            URI pool = procgate.base().resolve("cgi/test-git-push/git-http-backend.sh/" + REPOSITORY);

            HttpResponse<String> refs = procgate.get("cgi/test-git-push/git-http-backend.sh/" + REPOSITORY
                    + "/info/refs?service=git-receive-pack");
            assertThat(refs.statusCode()).as(refs.body()).isEqualTo(401);
            assertThat(refs.headers().firstValue("WWW-Authenticate")).isPresent();

            Git.Result anonymous = Git.attempt(source, "push", pool.toString(), "main");
            assertThat(anonymous.exitValue()).as(anonymous.output()).isNotZero();
            assertThat(anonymous.output()).as("the server's challenge asked git for a user").contains("could not read Username");

            Git.Result outsider = Git.attempt(source, "push", withUser(pool, RealmUser.OUTSIDER).toString(), "main");
            assertThat(outsider.exitValue()).as(outsider.output()).isNotZero();
            assertThat(outsider.output()).contains("403");

            Git.Result publicPool = Git.attempt(source, "push",
                    procgate.base().resolve("cgi/test-git/git-http-backend.sh/" + REPOSITORY).toString(), "main");
            assertThat(publicPool.exitValue()).as("git-http-backend itself refuses a push without a user: " + publicPool.output())
                    .isNotZero();

            Git.git(source, "push", "-q", withUser(pool, RealmUser.PUSHER).toString(), "main");

            Git.git(work, "clone", "-q", withUser(pool, RealmUser.PUSHER).toString(), "copy");
            assertThat(Git.git(work.resolve("copy"), "rev-parse", "HEAD")).isEqualTo(Git.git(source, "rev-parse", "HEAD"));
        } finally {
            Git.deleteTree(work);
            Git.deleteTree(Git.ROOT.resolve(REPOSITORY));
        }
    }

    /** The URL with the user's name and password, which git sends once the server challenges it. */
    private static URI withUser(URI url, RealmUser user) throws Exception {
        return new URI(url.getScheme(), user.name() + ":" + user.password(), url.getHost(), url.getPort(), url.getPath(),
                null, null);
    }
}
