package dev.identitybridge.keycloak.identity;

import dev.identitybridge.keycloak.identity.api.Emails;
import org.jboss.logging.Logger;

/**
 * One line per call at the boundary: operation, caller, subject and outcome. Emails are masked, tokens never
 * logged. Successful reads at DEBUG, writes (links, creations, backfills) and refusals at INFO, failures at WARN.
 */
final class BoundaryLog {

    private static final Logger LOG = Logger.getLogger("dev.identitybridge.keycloak.identity");

    private BoundaryLog() {}

    static void read(String operation, String caller, String subject, int status, String outcome) {
        LOG.debugf("identity %s caller=%s subject=%s -> %d %s", operation, caller, subject, status, outcome);
    }

    static void write(String operation, String caller, String subject, int status, String outcome) {
        LOG.infof("identity %s caller=%s subject=%s -> %d %s", operation, caller, subject, status, outcome);
    }

    static void refused(String operation, String caller, int status, String code) {
        LOG.infof("identity %s caller=%s -> %d %s", operation, caller, status, code);
    }

    static void failed(String operation, String caller, Throwable error) {
        LOG.warnf(error, "identity %s caller=%s -> failed", operation, caller);
    }

    static String email(String email) {
        return "email:" + Emails.mask(email);
    }
}
