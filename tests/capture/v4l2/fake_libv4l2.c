/* A stand-in for libv4l2 that plays a document camera over a regular file: the tests have no
 * camera to plug in (no UVC device, and no v4l2loopback module in a container). It answers the
 * calls client/capture/devices/v4l2.py makes the way libv4l2 does for a real camera: QUERYCAP
 * (a node named "...meta..." is a UVC metadata node, not a capture node), S_FMT (always
 * 640x480 RGB24 with padded rows, whatever was asked) and read() with frames whose first pixel
 * row carries the frame number. Like a UVC camera it streams to one open file at a time: S_FMT
 * from a second one while the first is open fails with EBUSY. Built by the tests with gcc
 * against <linux/videodev2.h>. */
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

enum { WIDTH = 640, HEIGHT = 480, STRIDE = WIDTH * 3 + 16 };
static unsigned frames;
static int streaming_fd = -1;

int v4l2_open(const char *file, int oflag, ...) { return open(file, oflag); }
int v4l2_close(int fd) {
  if (fd == streaming_fd) streaming_fd = -1;
  return close(fd);
}

static int is_meta(int fd) {
  char link[64], path[4096] = {0};
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  return readlink(link, path, sizeof path - 1) > 0 && strstr(path, "meta") != NULL;
}

int v4l2_ioctl(int fd, unsigned long request, void *arg) {
  if (request == VIDIOC_QUERYCAP) {
    struct v4l2_capability *cap = arg;
    memset(cap, 0, sizeof *cap);
    strcpy((char *)cap->driver, "fake");
    strcpy((char *)cap->card, "Fake Document Camera");
    cap->capabilities = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_META_CAPTURE | V4L2_CAP_STREAMING |
                        V4L2_CAP_DEVICE_CAPS;
    cap->device_caps = (is_meta(fd) ? V4L2_CAP_META_CAPTURE : V4L2_CAP_VIDEO_CAPTURE) |
                       V4L2_CAP_STREAMING;
    return 0;
  }
  if (request == VIDIOC_S_FMT) {
    struct v4l2_format *format = arg;
    if (format->type != V4L2_BUF_TYPE_VIDEO_CAPTURE) {
      errno = EINVAL;
      return -1;
    }
    if (streaming_fd != -1 && streaming_fd != fd) {
      errno = EBUSY;
      return -1;
    }
    streaming_fd = fd;
    format->fmt.pix.width = WIDTH;
    format->fmt.pix.height = HEIGHT;
    format->fmt.pix.pixelformat = V4L2_PIX_FMT_RGB24;
    format->fmt.pix.bytesperline = STRIDE;
    format->fmt.pix.sizeimage = STRIDE * HEIGHT;
    return 0;
  }
  errno = ENOTTY;
  return -1;
}

/* Left half red, right half blue; the padding bytes at each row's end are 0x55. */
ssize_t v4l2_read(int fd, void *buffer, size_t size) {
  unsigned char *pixels = buffer;
  (void)fd;
  if (size < (size_t)STRIDE * HEIGHT) {
    errno = EINVAL;
    return -1;
  }
  usleep(20000); /* about 50 frames a second */
  for (int y = 0; y < HEIGHT; y++) {
    unsigned char *row = pixels + (size_t)y * STRIDE;
    for (int x = 0; x < WIDTH; x++) {
      row[3 * x] = x < WIDTH / 2 ? 255 : 0;
      row[3 * x + 1] = 0;
      row[3 * x + 2] = x < WIDTH / 2 ? 0 : 255;
    }
    memset(row + WIDTH * 3, 0x55, STRIDE - WIDTH * 3);
  }
  pixels[1] = (unsigned char)(++frames);
  return STRIDE * HEIGHT;
}
