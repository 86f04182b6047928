/* Prints what client/capture/devices/v4l2.py must agree with, from the kernel's header. */
#include <linux/videodev2.h>
#include <stddef.h>
#include <stdio.h>

int main(void) {
  printf("capability_size %zu\n", sizeof(struct v4l2_capability));
  printf("capability_device_caps %zu\n", offsetof(struct v4l2_capability, device_caps));
  printf("format_size %zu\n", sizeof(struct v4l2_format));
  printf("format_fmt %zu\n", offsetof(struct v4l2_format, fmt));
  printf("pix_size %zu\n", sizeof(struct v4l2_pix_format));
  printf("pix_sizeimage %zu\n", offsetof(struct v4l2_pix_format, sizeimage));
  printf("VIDIOC_QUERYCAP %lu\n", (unsigned long)VIDIOC_QUERYCAP);
  printf("VIDIOC_G_FMT %lu\n", (unsigned long)VIDIOC_G_FMT);
  printf("VIDIOC_S_FMT %lu\n", (unsigned long)VIDIOC_S_FMT);
  printf("PIX_FMT_RGB24 %lu\n", (unsigned long)V4L2_PIX_FMT_RGB24);
  printf("CAP_VIDEO_CAPTURE %lu\n", (unsigned long)V4L2_CAP_VIDEO_CAPTURE);
  printf("CAP_DEVICE_CAPS %lu\n", (unsigned long)V4L2_CAP_DEVICE_CAPS);
  printf("BUF_TYPE_VIDEO_CAPTURE %lu\n", (unsigned long)V4L2_BUF_TYPE_VIDEO_CAPTURE);
  printf("FIELD_NONE %lu\n", (unsigned long)V4L2_FIELD_NONE);
  return 0;
}
