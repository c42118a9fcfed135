int main () { return 77; } /* placeholder, being written */
