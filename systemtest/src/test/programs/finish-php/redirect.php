<?php
// A local redirect from PHP: a Location with status 200, so that PHP sends no Status and no body.
$context = explode('/fcgi/', $_SERVER['SCRIPT_NAME'])[0];
header('Location: ' . $context . ($_GET['to'] ?? '/cgi/test-finish/env.sh'), true, 200);
