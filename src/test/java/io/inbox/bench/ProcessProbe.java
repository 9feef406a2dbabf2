package io.inbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a process's resident memory and CPU time, and the machine's CPU use, from /proc (Linux). The server
 * is observed only when it runs on this machine; against a remote URL those figures are absent.
 */
final class ProcessProbe {
    /** Clock ticks per second of /proc/[pid]/stat; 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS = 100.0;

    private final long pid;

    private ProcessProbe(long pid) {
        this.pid = pid;
    }

    static ProcessProbe self() {
        return new ProcessProbe(ProcessHandle.current().pid());
    }

    /** The given process, or the java process whose command line runs payara-micro with this port. */
    static Optional<ProcessProbe> server(Long pid, int port) {
        if (pid != null) {
            return Optional.of(new ProcessProbe(pid));
        }
        if (!Files.isDirectory(Path.of("/proc"))) {
            return Optional.empty();
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        String cmd = commandLine(p);
                        return cmd.contains("payara-micro") && (cmd.contains("--port " + port + " ") || cmd.endsWith("--port " + port)
                                || (port == 8080 && !cmd.contains("--port ")));
                    })
                    .map(p -> new ProcessProbe(Long.parseLong(p.getFileName().toString())))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    long pid() {
        return pid;
    }

    /** Resident set size in bytes (VmRSS), or -1 when the process is gone. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** User plus system CPU seconds used so far. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS; // utime, stime
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** {busy, total} jiffies of the whole machine (all cores), from /proc/stat. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static String commandLine(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }
}
