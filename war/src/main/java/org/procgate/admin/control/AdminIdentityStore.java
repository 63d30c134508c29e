package org.procgate.admin.control;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/** Checks the operator's credentials; a valid caller is in the {@value #ROLE} group. */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    public static final String ROLE = "procgate-admin";

    @Inject
    AdminCredentials credentials;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        if (credentials.matches(credential.getCaller(), credential.getPassword().getValue())) {
            return new CredentialValidationResult(credential.getCaller(), Set.of(ROLE));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }
}
