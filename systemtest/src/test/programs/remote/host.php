<?php
// RemotePoolIT: answers which worker host it runs on
echo getenv('WORKER_HOST'), "\n";
