/*
 * Host probe: is this host steady enough to compare benchmark forks?
 *
 * JMH forks of the TCP dispatch benchmarks spread by 10-200 % on some VMs even when every fork compiled the same
 * code. This program takes the JVM out of the question: it times two fixed native loops, in the same process and
 * at the same addresses, alternating window by window.
 *
 *   dispatch   a TCP-server-life-shaped machine, like TcpMachine.fire once the JIT has inlined its effects: the
 *              state lives in a heap struct, each event looks up its cell, plain cells only store the next state,
 *              the others go through a switch that counts an effect. Branchy and store-heavy, 2-4 ns an event.
 *   loadchain  the same 9 events as a bare next-state lookup (state = NEXT[state * E + event]): one dependent
 *              load an event, no stores, no branch to predict beyond the loop's.
 *
 * If "dispatch" changes speed between processes, or inside one, while nothing about it changes, the spread of a
 * JVM benchmark of the same shape on this host is the host's. Run it through ./run, which starts one process per
 * "fork" and summarises the spread as ForkSummary does.
 *
 * Usage: host_probe [--check] WARMUP_WINDOWS MEASURED_WINDOWS SECONDS_PER_WINDOW   (--check: only check them)
 * Prints: "dispatch m1 m2 ... loadchain m1 m2 ..." in ns/event, measured windows only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { STATES = 11, EVENTS = 17, LIFE = 9, PLAIN_LIMIT = STATES };

typedef struct {
    int state;
    char processing;
    char follow_up_needed;
    long effects[4];
} machine;

static int8_t cells[STATES * EVENTS];
static uint8_t next_state[STATES * EVENTS];
static const uint8_t life[LIFE] = {0, 1, 2, 3, 4, 5, 6, 7, 8};

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec * 1e-9;
}

__attribute__((noinline)) static int fire(machine *m, int event) {
    if (m->processing) {
        return 0;
    }
    int cell = cells[m->state * EVENTS + event];
    if (cell < PLAIN_LIMIT && !m->follow_up_needed) {
        m->state = cell;
        return 1;
    }
    m->processing = 1;
    switch (cell) {
    case 11: m->effects[0]++; m->state = 2; break;
    case 12: m->effects[1]++; m->state = 3; break;
    case 13: m->effects[2]++; m->state = 4; break;
    case 14: m->effects[3] += 2; m->state = 7; break;
    case 15: m->effects[0]++; m->state = 8; break;
    default: m->effects[1]++; m->state = 0; break;
    }
    m->processing = 0;
    return 1;
}

/* The life: states 0..8 in turn and back to 0; four plain cells, five with an effect. */
static void build_tables(void) {
    for (int i = 0; i < STATES * EVENTS; i++) {
        cells[i] = -1;
        next_state[i] = (uint8_t) ((i * 7 + 3) % STATES);
    }
    cells[0 * EVENTS + 0] = 1;
    cells[1 * EVENTS + 1] = 11;
    cells[2 * EVENTS + 2] = 12;
    cells[3 * EVENTS + 3] = 13;
    cells[4 * EVENTS + 4] = 5;
    cells[5 * EVENTS + 5] = 6;
    cells[6 * EVENTS + 6] = 14;
    cells[7 * EVENTS + 7] = 15;
    cells[8 * EVENTS + 8] = 16;
}

static double time_dispatch(machine *m, double seconds) {
    long events = 0;
    double start = seconds_now(), now;
    do {
        for (int round = 0; round < 100000; round++) {
            for (int i = 0; i < LIFE; i++) {
                fire(m, life[i]);
            }
        }
        events += 100000L * LIFE;
        now = seconds_now();
    } while (now - start < seconds);
    return (now - start) * 1e9 / (double) events;
}

static double time_load_chain(uint32_t *state, double seconds) {
    long events = 0;
    uint32_t s = *state;
    double start = seconds_now(), now;
    do {
        for (int round = 0; round < 100000; round++) {
            for (int i = 0; i < LIFE; i++) {
                s = next_state[s * EVENTS + life[i]];
            }
        }
        events += 100000L * LIFE;
        now = seconds_now();
    } while (now - start < seconds);
    *state = s;
    return (now - start) * 1e9 / (double) events;
}

/* Reads TEXT as a number in [min, max]; names the argument and the value when it is not one. */
static int parse_number(const char *text, const char *what, double min, double max, int whole, double *out) {
    char *end;
    double value = strtod(text, &end);
    if (*text == '\0' || *end != '\0' || !(value >= min && value <= max) || (whole && value != (double) (long) value)) {
        fprintf(stderr, "host_probe: %s must be %s from %g to %g, got '%s'\n", what, whole ? "a whole number" : "a number",
                min, max, text);
        return 0;
    }
    *out = value;
    return 1;
}

int main(int argc, char **argv) {
    double warmup, measured, seconds;
    int check_only = argc > 1 && strcmp(argv[1], "--check") == 0;
    char **args = argv + check_only;
    if (argc - check_only != 4) {
        fprintf(stderr, "usage: host_probe [--check] WARMUP_WINDOWS MEASURED_WINDOWS SECONDS_PER_WINDOW\n");
        return 2;
    }
    if (!parse_number(args[1], "WARMUP_WINDOWS", 0, 1000, 1, &warmup)
            || !parse_number(args[2], "MEASURED_WINDOWS", 1, 1000, 1, &measured)
            || !parse_number(args[3], "SECONDS_PER_WINDOW", 0.01, 60, 0, &seconds)) {
        return 2;
    }
    if (check_only) {
        return 0;
    }
    int windows = (int) warmup + (int) measured;
    double *dispatch = calloc((size_t) windows, sizeof(double));
    double *load_chain = calloc((size_t) windows, sizeof(double));
    machine *m = calloc(1, sizeof(machine));
    if (dispatch == NULL || load_chain == NULL || m == NULL) {
        fprintf(stderr, "host_probe: out of memory\n");
        return 1;
    }
    build_tables();
    uint32_t chain_state = 0;
    for (int w = 0; w < windows; w++) {
        dispatch[w] = time_dispatch(m, seconds);
        load_chain[w] = time_load_chain(&chain_state, seconds);
    }
    printf("dispatch");
    for (int w = (int) warmup; w < windows; w++) {
        printf(" %.3f", dispatch[w]);
    }
    printf(" loadchain");
    for (int w = (int) warmup; w < windows; w++) {
        printf(" %.3f", load_chain[w]);
    }
    /* Keeps both loops' results live. */
    printf("\n# state %d, chain %u, effects %ld\n", m->state, chain_state, m->effects[0] + m->effects[1]);
    free(dispatch);
    free(load_chain);
    free(m);
    return 0;
}
