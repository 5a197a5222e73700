// trim(): a Promise of glibc's malloc_trim(0), run on the libuv threadpool so that walking the
// allocator's arenas never holds the event loop. It resolves true when pages went back to the kernel,
// false when none did or the C library is not glibc (there is nothing to call then).
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  int released;
} Trim;

static void execute(napi_env env, void *data) {
  (void)env;
  Trim *trim = data;
#if defined(__GLIBC__)
  trim->released = malloc_trim(0);
#else
  trim->released = 0;
#endif
}

static void complete(napi_env env, napi_status status, void *data) {
  Trim *trim = data;
  napi_value released;
  napi_get_boolean(env, status == napi_ok && trim->released != 0, &released);
  napi_resolve_deferred(env, trim->deferred, released);
  napi_delete_async_work(env, trim->work);
  free(trim);
}

static napi_value start_trim(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value promise, name;
  Trim *trim = calloc(1, sizeof *trim);
  if (trim == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  if (napi_create_promise(env, &trim->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, "mallocTrim", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, NULL, name, execute, complete, trim, &trim->work) != napi_ok ||
      napi_queue_async_work(env, trim->work) != napi_ok) {
    free(trim);
    napi_throw_error(env, NULL, "could not queue malloc_trim");
    return NULL;
  }
  return promise;
}

NAPI_MODULE_INIT() {
  napi_value trim, supported;
  napi_create_function(env, "trim", NAPI_AUTO_LENGTH, start_trim, NULL, &trim);
  napi_set_named_property(env, exports, "trim", trim);
#if defined(__GLIBC__)
  napi_get_boolean(env, true, &supported);
#else
  napi_get_boolean(env, false, &supported);
#endif
  napi_set_named_property(env, exports, "supported", supported);
  return exports;
}
