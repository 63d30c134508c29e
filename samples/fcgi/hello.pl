#!/usr/bin/perl
# FastCGI worker: answers "Hello, world" and nothing else, on Perl's FCGI module (libfcgi in C
# underneath), so that almost all of a request's cost is the connector's: /fcgi/hello next to
# the JAX-RS GET /api/hello shows what the connector costs. It expects its listening socket on
# fd 0 (procgate's launch=fd0, through spawn-fcgi).
use strict;
use warnings;
use FCGI;

my $request = FCGI::Request(\*STDIN, \*STDOUT, \*STDERR, \%ENV, 0);
while ($request->Accept() >= 0) {
    print "Content-Type: text/plain;charset=utf-8\r\n\r\nHello, world\n";
}
