/* pgsql_proxy.h — a TCP relay between the sink and the test server that can refuse connections
 * and cut a connection at a COMMIT: after forwarding it and swallowing the server's answer
 * (the transaction is committed, the client never learns it), or before forwarding it (the
 * transaction is rolled back). It reads the frontend/backend protocol's message framing only. */
#ifndef ROWTAP_PGSQL_PROXY_H
#define ROWTAP_PGSQL_PROXY_H

typedef struct pgsql_proxy pgsql_proxy;

typedef enum proxy_cut {
    PROXY_CUT_AFTER_COMMIT,  /* the server commits, its answer is lost */
    PROXY_CUT_BEFORE_COMMIT  /* the COMMIT never reaches the server */
} proxy_cut;

/* Listens on 127.0.0.1 (an ephemeral port) and relays to 127.0.0.1:server_port. */
pgsql_proxy *proxy_start(int server_port);
int proxy_port(const pgsql_proxy *proxy);
/* While on, connections are accepted and closed at once (a server that is not ready). */
void proxy_refuse(pgsql_proxy *proxy, int on);
/* Counting COMMIT commands from now on, cuts the connection at the nth one. */
void proxy_cut_at_commit(pgsql_proxy *proxy, int nth, proxy_cut how);
/* Connections cut so far; and of those cut after the COMMIT, how many the server answered with
 * "COMMIT" (it committed). */
int proxy_cuts(const pgsql_proxy *proxy);
int proxy_commits_swallowed(const pgsql_proxy *proxy);
/* Stops listening and closes every relayed connection. */
void proxy_stop(pgsql_proxy *proxy);

#endif
