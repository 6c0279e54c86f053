package dev.identitybridge.it.imports;

import dev.identitybridge.it.harness.KeycloakServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot {@code kc.sh} command that is not a server ({@code import}, {@code export}), run to its end as an
 * operator would, with its output kept in a file of its own.
 */
record KcCommand(int exitCode, String output, Duration took) {

    /** Generous: the command may re-augment the distribution first, which takes minutes on a loaded machine. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2 * Long.getLong("it.keycloak.start.minutes", 5));

    static KcCommand run(Path home, Path workDir, String logName, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(arguments);
        try {
            Files.createDirectories(workDir);
            Path log = workDir.resolve(logName);
            long started = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // the process that creates Keycloak's database creates the master realm, and its admin only from these
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(
                        "kc.sh " + arguments.get(0) + " did not end within " + TIMEOUT + ":\n" + Files.readString(log));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            KcCommand result = new KcCommand(process.exitValue(), Files.readString(log), took);
            System.out.printf(
                    "kc.sh %s ended with %d in %.1f s (log: %s)%n",
                    arguments.get(0), result.exitCode, took.toMillis() / 1000.0, log);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The output's lines that contain {@code text}. */
    List<String> lines(String text) {
        return output.lines().filter(line -> line.contains(text)).toList();
    }
}
