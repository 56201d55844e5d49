/*
 * The few Linux calls that Java cannot make: TUNSETIFF on /dev/net/tun, setns(2) for one thread, poll(2) on a raw
 * descriptor, and an eventfd to wake that poll. Each function is a thin wrapper that reports failure as
 * io.fsmgen.linux.ErrnoException(call, errno, strerror); the Java side (LinuxNative) turns errno values into
 * messages for people. No state lives here: every descriptor is owned by a Java object that closes it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "io_fsmgen_linux_LinuxNative.h"

/* The largest packet a TUN device hands over or takes: an IPv4 datagram's total length is 16 bits, and a device
 * with offloads puts a 10-byte virtio_net_hdr in front of it. */
#define MAX_PACKET (65535 + 64)

/* Bits of poll()'s result, mirrored by LinuxNative's constants. */
#define READABLE 1
#define WOKEN 2
#define HANGUP 4

static void throw_errno(JNIEnv *env, const char *call, int err) {
    jclass type = (*env)->FindClass(env, "io/fsmgen/linux/ErrnoException");
    if (type == NULL) {
        return; /* NoClassDefFoundError is pending */
    }
    jmethodID init = (*env)->GetMethodID(env, type, "<init>", "(Ljava/lang/String;ILjava/lang/String;)V");
    if (init == NULL) {
        return;
    }
    jstring jcall = (*env)->NewStringUTF(env, call);
    jstring text = (*env)->NewStringUTF(env, strerror(err));
    if (jcall == NULL || text == NULL) {
        return;
    }
    jobject exception = (*env)->NewObject(env, type, init, jcall, (jint) err, text);
    if (exception != NULL) {
        (*env)->Throw(env, (jthrowable) exception);
    }
}

/* Enters the network namespace at path for the calling thread; returns a descriptor of the one it left, or -1. */
static int enter_namespace(JNIEnv *env, const char *path) {
    int previous = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (previous < 0) {
        throw_errno(env, "open /proc/thread-self/ns/net", errno);
        return -1;
    }
    int target = open(path, O_RDONLY | O_CLOEXEC);
    if (target < 0) {
        int err = errno;
        close(previous);
        throw_errno(env, "open network namespace", err);
        return -1;
    }
    if (setns(target, CLONE_NEWNET) != 0) {
        int err = errno;
        close(target);
        close(previous);
        throw_errno(env, "setns into network namespace", err);
        return -1;
    }
    close(target);
    return previous;
}

/* Returns the calling thread to the namespace enter_namespace left, and closes its descriptor. */
static int leave_namespace(JNIEnv *env, int previous) {
    int failed = setns(previous, CLONE_NEWNET) != 0;
    int err = errno;
    close(previous);
    if (failed) {
        throw_errno(env, "setns back to the original network namespace", err);
        return -1;
    }
    return 0;
}

JNIEXPORT jint JNICALL Java_io_fsmgen_linux_LinuxNative_openTun(JNIEnv *env, jclass type, jstring name,
                                                              jstring namespacePath, jboolean offloads) {
    (void) type;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    request.ifr_flags = IFF_TUN | IFF_NO_PI | (offloads ? IFF_VNET_HDR : 0);
    const char *chars = (*env)->GetStringUTFChars(env, name, NULL);
    if (chars == NULL) {
        return -1;
    }
    size_t length = strlen(chars);
    if (length == 0 || length >= IFNAMSIZ) {
        (*env)->ReleaseStringUTFChars(env, name, chars);
        throw_errno(env, "TUNSETIFF (name must be 1 to 15 bytes)", EINVAL);
        return -1;
    }
    memcpy(request.ifr_name, chars, length);
    (*env)->ReleaseStringUTFChars(env, name, chars);

    int previous = -1;
    if (namespacePath != NULL) {
        const char *path = (*env)->GetStringUTFChars(env, namespacePath, NULL);
        if (path == NULL) {
            return -1;
        }
        previous = enter_namespace(env, path);
        (*env)->ReleaseStringUTFChars(env, namespacePath, path);
        if (previous < 0) {
            return -1;
        }
    }
    /* The device is created in the calling thread's namespace and stays there; the descriptor works from anywhere. */
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    int err = errno;
    const char *failed = fd < 0 ? "open /dev/net/tun" : NULL;
    if (fd >= 0 && ioctl(fd, TUNSETIFF, &request) != 0) {
        err = errno;
        failed = "ioctl TUNSETIFF";
        close(fd);
        fd = -1;
    }
    /* Offloads: a little-endian virtio_net_hdr before each packet; the kernel may hand over TCP segments of up to
     * 64 KiB with their checksum left to us (TSO), and takes them from us the same way. */
    int little_endian = 1;
    if (fd >= 0 && offloads && ioctl(fd, TUNSETVNETLE, &little_endian) != 0) {
        err = errno;
        failed = "ioctl TUNSETVNETLE";
        close(fd);
        fd = -1;
    }
    if (fd >= 0 && offloads && ioctl(fd, TUNSETOFFLOAD, (unsigned long) (TUN_F_CSUM | TUN_F_TSO4)) != 0) {
        err = errno;
        failed = "ioctl TUNSETOFFLOAD";
        close(fd);
        fd = -1;
    }
    if (previous >= 0 && leave_namespace(env, previous) != 0) {
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    if (failed != NULL) {
        throw_errno(env, failed, err);
        return -1;
    }
    return fd;
}

JNIEXPORT jint JNICALL Java_io_fsmgen_linux_LinuxNative_enterNamespace(JNIEnv *env, jclass type, jstring path) {
    (void) type;
    const char *chars = (*env)->GetStringUTFChars(env, path, NULL);
    if (chars == NULL) {
        return -1;
    }
    int previous = enter_namespace(env, chars);
    (*env)->ReleaseStringUTFChars(env, path, chars);
    return previous;
}

JNIEXPORT void JNICALL Java_io_fsmgen_linux_LinuxNative_leaveNamespace(JNIEnv *env, jclass type, jint previous) {
    (void) type;
    leave_namespace(env, previous);
}

/*
 * read and write work on the Java array itself (GetPrimitiveArrayCritical), not on a copy of it: a packet crosses
 * the JNI boundary without an extra copy each way. The critical region holds exactly one system call on a
 * non-blocking descriptor, which returns at once (EAGAIN rather than waiting), and no JNI call, as the JNI rules ask;
 * errors are reported after the array is released.
 */
JNIEXPORT jint JNICALL Java_io_fsmgen_linux_LinuxNative_read(JNIEnv *env, jclass type, jint fd, jbyteArray buffer,
                                                           jint offset, jint length) {
    (void) type;
    jsize size = (*env)->GetArrayLength(env, buffer);
    if (offset < 0 || length < 0 || offset > size - length) {
        throw_errno(env, "read (range outside the buffer)", EINVAL);
        return -1;
    }
    size_t wanted = length < MAX_PACKET ? (size_t) length : MAX_PACKET;
    jbyte *array = (*env)->GetPrimitiveArrayCritical(env, buffer, NULL);
    if (array == NULL) {
        return -1; /* OutOfMemoryError is pending */
    }
    ssize_t got = read(fd, array + offset, wanted);
    int err = errno;
    (*env)->ReleasePrimitiveArrayCritical(env, buffer, array, got > 0 ? 0 : JNI_ABORT);
    if (got < 0) {
        if (err == EAGAIN || err == EINTR) {
            return -1;
        }
        throw_errno(env, "read", err);
        return -1;
    }
    return (jint) got;
}

JNIEXPORT void JNICALL Java_io_fsmgen_linux_LinuxNative_write(JNIEnv *env, jclass type, jint fd, jbyteArray buffer,
                                                            jint offset, jint length) {
    (void) type;
    if (length < 0 || length > MAX_PACKET) {
        throw_errno(env, "write (packet longer than 65535 bytes and a virtio_net_hdr)", EMSGSIZE);
        return;
    }
    jsize size = (*env)->GetArrayLength(env, buffer);
    if (offset < 0 || offset > size - length) {
        throw_errno(env, "write (range outside the buffer)", EINVAL);
        return;
    }
    jbyte *array = (*env)->GetPrimitiveArrayCritical(env, buffer, NULL);
    if (array == NULL) {
        return; /* OutOfMemoryError is pending */
    }
    ssize_t put;
    do {
        put = write(fd, array + offset, (size_t) length);
    } while (put < 0 && errno == EINTR);
    int err = errno;
    (*env)->ReleasePrimitiveArrayCritical(env, buffer, array, JNI_ABORT);
    if (put < 0) {
        throw_errno(env, "write", err);
    } else if (put != length) {
        throw_errno(env, "write (short)", EIO);
    }
}

JNIEXPORT jint JNICALL Java_io_fsmgen_linux_LinuxNative_poll(JNIEnv *env, jclass type, jint fd, jint wakeFd,
                                                           jint timeoutMillis) {
    (void) type;
    struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = wakeFd, .events = POLLIN}};
    int count = wakeFd >= 0 ? 2 : 1;
    int ready = poll(fds, (nfds_t) count, timeoutMillis);
    if (ready < 0) {
        if (errno == EINTR) {
            return 0;
        }
        throw_errno(env, "poll", errno);
        return 0;
    }
    jint result = 0;
    if (fds[0].revents & POLLIN) {
        result |= READABLE;
    }
    if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
        result |= HANGUP;
    }
    if (count == 2 && (fds[1].revents & POLLIN)) {
        uint64_t value;
        if (read(wakeFd, &value, sizeof value) < 0 && errno != EAGAIN) {
            throw_errno(env, "read eventfd", errno);
            return result;
        }
        result |= WOKEN;
    }
    return result;
}

JNIEXPORT jint JNICALL Java_io_fsmgen_linux_LinuxNative_eventFd(JNIEnv *env, jclass type) {
    (void) type;
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0) {
        throw_errno(env, "eventfd", errno);
    }
    return fd;
}

JNIEXPORT void JNICALL Java_io_fsmgen_linux_LinuxNative_signal(JNIEnv *env, jclass type, jint fd) {
    (void) type;
    uint64_t one = 1;
    /* EAGAIN means the counter is already at its maximum: the poller is woken either way. */
    if (write(fd, &one, sizeof one) < 0 && errno != EAGAIN) {
        throw_errno(env, "write eventfd", errno);
    }
}

JNIEXPORT void JNICALL Java_io_fsmgen_linux_LinuxNative_close(JNIEnv *env, jclass type, jint fd) {
    (void) type;
    if (close(fd) != 0 && errno != EINTR) {
        throw_errno(env, "close", errno);
    }
}
