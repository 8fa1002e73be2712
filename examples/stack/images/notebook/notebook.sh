#!/bin/sh
# A stand-in for a notebook server: prints its version.
case "$1" in
  --version) echo "notebook ${NOTEBOOK_VERSION:-unknown}" ;;
  *) echo "notebook: serving $(pwd)" ;;
esac
