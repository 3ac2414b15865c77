/*
 * faultline-shaper: faultline's packet shaper, run inside one node's network namespace.
 *
 * The kernel here has no netem qdisc, so faultline sends the packets it wants to disturb to
 * an NFQUEUE (iptables -j NFQUEUE --queue-num N --queue-bypass, in faultline's own chain) and
 * this program hands each one back to the kernel later (delay, jitter), later than the ones
 * after it (reorder), with one bit flipped after the IP header (corrupt: the receiver's
 * TCP/UDP/ICMP checksum drops it), or twice (duplicate: the copy is sent through a raw socket
 * carrying --mark, which faultline's chain lets through unqueued).
 *
 * Every random choice comes from one PRNG seeded with --seed, so a run's parameters replay.
 * On SIGTERM/SIGINT every held packet is released at once and one line of counts is printed
 * to stderr (`faultline-shaper stats seen=... delayed=...`), then the program exits 0.
 *
 * Built by the node image's Dockerfile against Debian's libnetfilter-queue-dev.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

enum dist { DIST_NORMAL, DIST_UNIFORM };

static struct {
  int queue;
  uint64_t seed;
  double delay_ms, jitter_ms, reorder, reorder_ms, duplicate, corrupt;
  enum dist dist;
  uint32_t mark;
} cfg = { .queue = 16, .seed = 1, .reorder_ms = 20, .mark = 0xf16, .dist = DIST_NORMAL };

static struct { unsigned long seen, delayed, reordered, duplicated, corrupted, dup_failed; } stats;

/* A packet whose verdict is pending: released at `at` (ns, CLOCK_MONOTONIC). */
struct held {
  uint64_t at, order;
  uint32_t id, len;
  unsigned char *data; /* changed payload, or NULL */
  unsigned char *dup;  /* payload to send again after the original, or NULL */
};

static struct held *heap;
static size_t heap_len, heap_cap;
static uint64_t next_order;
static volatile sig_atomic_t stopping;
static int raw_fd = -1;

static uint64_t rng_state;

/* splitmix64: small, fast, and enough for choosing packets. */
static uint64_t rng_next(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rnd(void) { return (double)(rng_next() >> 11) * 0x1.0p-53; }

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

/* One delay in ms from the configured distribution, never below 0. */
static double sample_delay(void) {
  double d;
  if (cfg.jitter_ms <= 0) {
    d = cfg.delay_ms;
  } else if (cfg.dist == DIST_UNIFORM) {
    d = cfg.delay_ms + (2 * rnd() - 1) * cfg.jitter_ms;
  } else {
    double u1 = rnd(), u2 = rnd();
    if (u1 < 1e-12) u1 = 1e-12;
    d = cfg.delay_ms + cfg.jitter_ms * sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
  }
  return d < 0 ? 0 : d;
}

static int before(const struct held *a, const struct held *b) {
  return a->at < b->at || (a->at == b->at && a->order < b->order);
}

static void heap_push(struct held h) {
  if (heap_len == heap_cap) {
    heap_cap = heap_cap ? heap_cap * 2 : 1024;
    heap = realloc(heap, heap_cap * sizeof *heap);
    if (!heap) { perror("faultline-shaper: realloc"); exit(3); }
  }
  size_t i = heap_len++;
  heap[i] = h;
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!before(&heap[i], &heap[p])) break;
    struct held t = heap[i]; heap[i] = heap[p]; heap[p] = t;
    i = p;
  }
}

static struct held heap_pop(void) {
  struct held top = heap[0];
  heap[0] = heap[--heap_len];
  size_t i = 0;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < heap_len && before(&heap[l], &heap[m])) m = l;
    if (r < heap_len && before(&heap[r], &heap[m])) m = r;
    if (m == i) break;
    struct held t = heap[i]; heap[i] = heap[m]; heap[m] = t;
    i = m;
  }
  return top;
}

/* Sends an IPv4 packet again through a raw socket marked with cfg.mark (not queued again). */
static void send_copy(const unsigned char *pkt, uint32_t len) {
  struct sockaddr_in to = { .sin_family = AF_INET };
  if (len < 20 || (pkt[0] >> 4) != 4) { stats.dup_failed++; return; }
  memcpy(&to.sin_addr, pkt + 16, 4);
  if (sendto(raw_fd, pkt, len, 0, (struct sockaddr *)&to, sizeof to) < 0) stats.dup_failed++;
  else stats.duplicated++;
}

static void release(struct nfq_q_handle *qh, struct held *h) {
  nfq_set_verdict(qh, h->id, NF_ACCEPT, h->data ? h->len : 0, h->data);
  if (h->dup) send_copy(h->dup, h->len);
  free(h->data);
  free(h->dup);
}

static unsigned char *copy_of(const unsigned char *p, uint32_t len) {
  unsigned char *c = malloc(len ? len : 1);
  if (!c) { perror("faultline-shaper: malloc"); exit(3); }
  memcpy(c, p, len);
  return c;
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa, void *unused) {
  (void)msg; (void)unused;
  struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
  if (!ph) return 0;
  uint32_t id = ntohl(ph->packet_id);
  unsigned char *payload = NULL;
  int n = nfq_get_payload(nfa, &payload);
  uint32_t len = n > 0 ? (uint32_t)n : 0;
  struct held h = { .id = id, .len = len };
  stats.seen++;
  if (cfg.corrupt > 0 && len > 20 && rnd() < cfg.corrupt) {
    uint32_t ihl = (uint32_t)(payload[0] & 0x0f) * 4;
    if (ihl >= 20 && ihl < len) {
      h.data = copy_of(payload, len);
      uint32_t pos = ihl + (uint32_t)(rnd() * (len - ihl));
      h.data[pos] ^= (unsigned char)(1u << (rng_next() % 8));
      stats.corrupted++;
    }
  }
  if (cfg.duplicate > 0 && len > 0 && rnd() < cfg.duplicate) h.dup = copy_of(payload, len);
  double d = (cfg.delay_ms > 0 || cfg.jitter_ms > 0) ? sample_delay() : 0;
  if (cfg.reorder > 0 && rnd() < cfg.reorder) { d += cfg.reorder_ms; stats.reordered++; }
  if (d > 0) stats.delayed++;
  h.at = now_ns() + (uint64_t)(d * 1e6);
  h.order = next_order++;
  if (d <= 0) release(qh, &h);
  else heap_push(h);
  return 0;
}

static void on_signal(int sig) { (void)sig; stopping = 1; }

static double prob(const char *flag, const char *v) {
  char *end;
  double p = strtod(v, &end);
  if (*end || !(p >= 0 && p <= 1)) { fprintf(stderr, "faultline-shaper: %s must be in [0, 1], got %s\n", flag, v); exit(2); }
  return p;
}

static double ms(const char *flag, const char *v) {
  char *end;
  double x = strtod(v, &end);
  if (*end || !(x >= 0 && x <= 60000)) { fprintf(stderr, "faultline-shaper: %s must be 0..60000 ms, got %s\n", flag, v); exit(2); }
  return x;
}

static void parse(int argc, char **argv) {
  static const struct option opts[] = {
    { "queue", 1, 0, 'q' }, { "seed", 1, 0, 's' }, { "delay-ms", 1, 0, 'd' }, { "jitter-ms", 1, 0, 'j' },
    { "distribution", 1, 0, 'D' }, { "reorder", 1, 0, 'r' }, { "reorder-ms", 1, 0, 'R' },
    { "duplicate", 1, 0, 'u' }, { "corrupt", 1, 0, 'c' }, { "mark", 1, 0, 'm' }, { 0, 0, 0, 0 },
  };
  int c;
  while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (c) {
      case 'q': cfg.queue = atoi(optarg); break;
      case 's': cfg.seed = strtoull(optarg, NULL, 10); break;
      case 'd': cfg.delay_ms = ms("--delay-ms", optarg); break;
      case 'j': cfg.jitter_ms = ms("--jitter-ms", optarg); break;
      case 'D':
        if (!strcmp(optarg, "normal")) cfg.dist = DIST_NORMAL;
        else if (!strcmp(optarg, "uniform")) cfg.dist = DIST_UNIFORM;
        else { fprintf(stderr, "faultline-shaper: --distribution must be normal or uniform, got %s\n", optarg); exit(2); }
        break;
      case 'r': cfg.reorder = prob("--reorder", optarg); break;
      case 'R': cfg.reorder_ms = ms("--reorder-ms", optarg); break;
      case 'u': cfg.duplicate = prob("--duplicate", optarg); break;
      case 'c': cfg.corrupt = prob("--corrupt", optarg); break;
      case 'm': cfg.mark = (uint32_t)strtoul(optarg, NULL, 0); break;
      default: fprintf(stderr, "usage: faultline-shaper --queue N --seed S [--delay-ms M --jitter-ms J --distribution normal|uniform] [--reorder P --reorder-ms G] [--duplicate P] [--corrupt P] [--mark M]\n"); exit(2);
    }
  }
  if (cfg.queue < 0 || cfg.queue > 65535) { fprintf(stderr, "faultline-shaper: --queue must be 0..65535\n"); exit(2); }
}

int main(int argc, char **argv) {
  parse(argc, argv);
  rng_state = cfg.seed;
  struct sigaction sa = { .sa_handler = on_signal };
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  raw_fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
  if (raw_fd < 0) { perror("faultline-shaper: raw socket"); return 1; }
  if (setsockopt(raw_fd, SOL_SOCKET, SO_MARK, &cfg.mark, sizeof cfg.mark) < 0) { perror("faultline-shaper: SO_MARK"); return 1; }

  struct nfq_handle *h = nfq_open();
  if (!h) { perror("faultline-shaper: nfq_open"); return 1; }
  nfq_unbind_pf(h, AF_INET);
  if (nfq_bind_pf(h, AF_INET) < 0) { perror("faultline-shaper: nfq_bind_pf"); return 1; }
  struct nfq_q_handle *qh = nfq_create_queue(h, (uint16_t)cfg.queue, &on_packet, NULL);
  if (!qh) { fprintf(stderr, "faultline-shaper: cannot bind queue %d (another shaper running?)\n", cfg.queue); return 1; }
  if (nfq_set_mode(qh, NFQNL_COPY_PACKET, 0xffff) < 0) { perror("faultline-shaper: nfq_set_mode"); return 1; }
  nfq_set_queue_maxlen(qh, 20000);
  nfnl_rcvbufsiz(nfq_nfnlh(h), 16 << 20);
  int fd = nfq_fd(h);
  fprintf(stderr, "faultline-shaper: queue %d seed %llu delay %.3f±%.3f ms (%s) reorder %.4f (+%.3f ms) duplicate %.4f corrupt %.4f\n",
          cfg.queue, (unsigned long long)cfg.seed, cfg.delay_ms, cfg.jitter_ms, cfg.dist == DIST_UNIFORM ? "uniform" : "normal",
          cfg.reorder, cfg.reorder_ms, cfg.duplicate, cfg.corrupt);

  static char buf[0x20000] __attribute__((aligned));
  while (!stopping) {
    uint64_t t = now_ns();
    while (heap_len > 0 && heap[0].at <= t) { struct held x = heap_pop(); release(qh, &x); }
    struct timespec ts = { 1, 0 };
    if (heap_len > 0) {
      uint64_t wait = heap[0].at - t;
      ts.tv_sec = (time_t)(wait / 1000000000ULL);
      ts.tv_nsec = (long)(wait % 1000000000ULL);
    }
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r = ppoll(&p, 1, &ts, NULL);
    if (r < 0 && errno != EINTR) { perror("faultline-shaper: ppoll"); break; }
    if (r > 0 && (p.revents & POLLIN)) {
      for (;;) {
        ssize_t got = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (got > 0) { nfq_handle_packet(h, buf, (int)got); continue; }
        if (got < 0 && errno == ENOBUFS) { fprintf(stderr, "faultline-shaper: ENOBUFS (packets dropped by the kernel)\n"); continue; }
        break;
      }
    }
  }
  while (heap_len > 0) { struct held x = heap_pop(); release(qh, &x); }
  fprintf(stderr, "faultline-shaper stats seen=%lu delayed=%lu reordered=%lu duplicated=%lu corrupted=%lu dup_failed=%lu\n",
          stats.seen, stats.delayed, stats.reordered, stats.duplicated, stats.corrupted, stats.dup_failed);
  nfq_destroy_queue(qh);
  nfq_close(h);
  return 0;
}
