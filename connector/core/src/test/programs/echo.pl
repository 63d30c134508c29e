#!/usr/bin/perl
# A FastCGI responder on Perl's FCGI module (libfcgi underneath), listening on fd 0.
# /echo: the body back; /stderr: body and FCGI_STDERR interleaved; else: the pid.
use strict;
use warnings;
use FCGI;

my $request = FCGI::Request(\*STDIN, \*STDOUT, \*STDERR, \%ENV, 0);
my $block = join('', map { chr } 0 .. 255) x 256;
while ($request->Accept() >= 0) {
    binmode STDIN;
    binmode STDOUT;
    my $path = ($ENV{SCRIPT_NAME} // '') . ($ENV{PATH_INFO} // '');
    if ($path eq '/echo') {
        my $body = '';
        my $want = $ENV{CONTENT_LENGTH} || 0;
        while (length($body) < $want) {
            my $n = read(STDIN, $body, $want - length($body), length($body));
            last unless $n;
        }
        print "Content-Type: application/octet-stream\r\n\r\n", $body;
    } elsif ($path eq '/stderr') {
        print "Content-Type: application/octet-stream\r\n\r\n";
        for my $i (0 .. 199) {
            print STDERR "perl FCGI_STDERR marker $i\n";
            print $block;
        }
    } else {
        print "Content-Type: text/plain\r\n\r\npid=$$";
    }
}
