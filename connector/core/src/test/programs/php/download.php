<?php
// QUERY_STRING bytes of the 0..255 pattern, written 64 KB at a time and flushed: never held whole.
$left = (int) $_SERVER['QUERY_STRING'];
header('Content-Type: application/octet-stream');
header('Content-Length: ' . $left);
$block = str_repeat(implode('', array_map('chr', range(0, 255))), 256);
while ($left > 0) {
    $n = min($left, strlen($block));
    echo $n === strlen($block) ? $block : substr($block, 0, $n);
    flush();
    $left -= $n;
}
