/* The physical floor for bulk terminal output: runs a command on a fresh pseudo-terminal of
 * the given size and only drains the master side (no parsing, no screen). Prints the reader's
 * own CPU seconds (user + system) and the wall time until the command's output has ended:
 *     pty_floor COLUMNS ROWS COMMAND [ARGS...]   ->   "cpu=0.123 wall=0.456 bytes=15888896"
 * A server's CPU for the same workload divided by this is how much work is left above the
 * kernel's own cost of moving the bytes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: pty_floor COLUMNS ROWS COMMAND [ARGS...]\n");
        return 2;
    }
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) { perror("posix_openpt"); return 1; }
    const char *slave_name = ptsname(master);
    struct winsize ws = { .ws_row = (unsigned short)atoi(argv[2]), .ws_col = (unsigned short)atoi(argv[1]) };
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid == 0) {
        setsid();
        int slave = open(slave_name, O_RDWR);
        if (slave < 0) _exit(126);
        ioctl(slave, TIOCSCTTY, 0);
        ioctl(slave, TIOCSWINSZ, &ws);
        dup2(slave, 0); dup2(slave, 1); dup2(slave, 2);
        if (slave > 2) close(slave);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
    static char buffer[1 << 16];
    long long total = 0;
    for (;;) {
        ssize_t n = read(master, buffer, sizeof buffer);
        if (n > 0) { total += n; continue; }
        if (n < 0 && errno == EINTR) continue;
        break; /* EIO: every writer of the slave has gone */
    }
    int status;
    waitpid(pid, &status, 0);
    clock_gettime(CLOCK_MONOTONIC, &end);
    struct rusage self;
    getrusage(RUSAGE_SELF, &self);
    printf("cpu=%.6f wall=%.6f bytes=%lld\n", seconds(self.ru_utime) + seconds(self.ru_stime),
           (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9, total);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
