; The version the installer shows; the workflow rewrites this file from the package metadata before compiling.
#define AppVersion "0.1.0"
