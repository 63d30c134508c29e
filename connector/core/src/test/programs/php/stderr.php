<?php
// Body and both kinds of stderr interleaved: error_log goes out as FCGI_STDERR,
// php://stderr to the process's own stderr (php-cgi has no STDERR constant).
header('Content-Type: application/octet-stream');
$block = str_repeat(implode('', array_map('chr', range(0, 255))), 256);
for ($i = 0; $i < 200; $i++) {
    error_log("php FCGI_STDERR marker $i");
    echo $block;
    flush();
}
file_put_contents('php://stderr', "php process stderr marker\n");
