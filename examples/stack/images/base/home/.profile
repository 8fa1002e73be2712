# the data scientist's shell settings
export PATH="$HOME/bin:$PATH"
