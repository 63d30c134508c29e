package org.procgate.admin.control;

/** What a console user may do: the operator acts on pools, the viewer only looks. */
public enum AdminRole {
    /** Every right: read, and recycle, restart and resize. */
    OPERATOR("procgate-admin"),
    /** Reads the console and the API; every state-changing request is refused. */
    VIEWER("procgate-viewer");

    private final String roleName;

    AdminRole(String roleName) {
        this.roleName = roleName;
    }

    /** The role's name, as {@code isUserInRole} and the console's session answer give it. */
    public String roleName() {
        return roleName;
    }

    public boolean mayAct() {
        return this == OPERATOR;
    }
}
