#!/usr/bin/perl
use strict;
use warnings;
my $body = '';
read(STDIN, $body, $ENV{CONTENT_LENGTH} // 0);
print "Content-Type: text/plain\r\n";
print "X-Method: $ENV{REQUEST_METHOD}\r\n";
print "\r\n";
print "hello from perl: $body\n";
