#include "CPythonShim.h"
