<?php
// The CGI variables php-cgi received, one NAME=value per line.
header('Content-Type: text/plain');
foreach (['SCRIPT_FILENAME', 'SCRIPT_NAME', 'PATH_INFO', 'QUERY_STRING', 'REQUEST_METHOD', 'DOCUMENT_ROOT', 'HTTP_USER_AGENT'] as $name) {
    echo $name, '=', $_SERVER[$name] ?? '', "\n";
}
echo 'PID=', getmypid(), "\n";
