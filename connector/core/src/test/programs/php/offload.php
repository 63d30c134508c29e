<?php
// Hands the file named by ?file= to the server with nginx's header, or redirects locally with ?to=.
if (isset($_GET['to'])) {
    header('Location: ' . $_GET['to'], true, 200);
    exit;
}
header('Content-Type: text/plain');
header('Content-Disposition: attachment; filename="report.txt"');
header('X-Accel-Redirect: /' . $_GET['file']);
echo 'the program body, never sent';
