/**
 * Wire formats shared by the CGI runner and the FastCGI client: the CGI response parser
 * (RFC 3875 section 6), the growable byte buffer the codecs write into, and the codec layer's
 * one exception.
 */
package org.procgate.connector.protocol;
