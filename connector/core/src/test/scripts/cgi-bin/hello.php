<?php
// run by php-cgi as the pool's interpreter
$case = $_GET['case'] ?? '';
if ($case === 'missing') {
    http_response_code(404);
    echo "no such thing\n";
    return;
}
if ($case === 'redirect') {
    header('Location: /elsewhere');
    return;
}
header('X-Powered: procgate-test');
echo "hello from php ", $_SERVER['PATH_INFO'] ?? '-', " ", file_get_contents('php://input'), "\n";
