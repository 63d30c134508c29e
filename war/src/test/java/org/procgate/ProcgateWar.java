package org.procgate;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build made, as an Arquillian deployment (the RAR is deployed by the postboot file). */
final class ProcgateWar {

    private ProcgateWar() {
    }

    static WebArchive archive() {
        return ShrinkWrap.create(ZipImporter.class, "procgate.war")
                .importFrom(new File(System.getProperty("procgate.war")))
                .as(WebArchive.class);
    }
}
