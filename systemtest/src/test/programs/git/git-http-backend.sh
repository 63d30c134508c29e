#!/bin/sh
# git's own CGI program, for the pool's repositories (GIT_PROJECT_ROOT in the pool's environment)
exec /usr/lib/git-core/git-http-backend
