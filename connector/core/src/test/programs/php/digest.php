<?php
// The request body's length and SHA-256, read from php://input a block at a time.
$in = fopen('php://input', 'rb');
$hash = hash_init('sha256');
$total = 0;
while (!feof($in)) {
    $block = fread($in, 65536);
    if ($block === false || $block === '') {
        break;
    }
    hash_update($hash, $block);
    $total += strlen($block);
}
header('Content-Type: text/plain');
echo $total . ' ' . hash_final($hash);
