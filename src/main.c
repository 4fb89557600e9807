/* main.c — placeholder entry point until the analyzer lands. */
int main(void)
{
    return 0;
}
