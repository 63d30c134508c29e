<?php
// The request body back, byte for byte, streamed in pieces.
header('Content-Type: application/octet-stream');
$in = fopen('php://input', 'rb');
while (!feof($in)) {
    echo fread($in, 65536);
}
