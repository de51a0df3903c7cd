/* test-mask.c: the default display masking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "wb-mask.h"

typedef char *(*MaskFunc) (const char *text);

static void
check (MaskFunc    mask,
       const char *input,
       const char *expected)
{
  g_autofree char *got = mask (input);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_id_number (void)
{
  check (wb_mask_id_number, "21010219900307123X", "2101**********123X");
  check (wb_mask_id_number, "210102199003071233", "2101**********1233");
  check (wb_mask_id_number, "11010519491231002x", "1101**********002x");
  /* Pasted with spaces around it. */
  check (wb_mask_id_number, " 21010219900307123X\n", "2101**********123X");

  /* Shorter strings keep a quarter at each end, never more than half. */
  check (wb_mask_id_number, "210102900307123", "210*********123");
  check (wb_mask_id_number, "E12345678", "E1*****78");
  check (wb_mask_id_number, "1234", "1**4");
  check (wb_mask_id_number, "123", "***");
  check (wb_mask_id_number, "7", "*");

  check (wb_mask_id_number, NULL, "");
  check (wb_mask_id_number, "", "");
  check (wb_mask_id_number, "   ", "");
}

static void
test_phone (void)
{
  check (wb_mask_phone, "13812345678", "138****5678");
  check (wb_mask_phone, "138-1234-5678", "138****5678");
  check (wb_mask_phone, "138 1234 5678", "138****5678");
  check (wb_mask_phone, "+86 138 1234 5678", "138****5678");
  check (wb_mask_phone, "+8613812345678", "138****5678");
  check (wb_mask_phone, "008613812345678", "138****5678");

  /* Landlines and short numbers keep at most the last 4 characters. */
  check (wb_mask_phone, "024-23456789", "********6789");
  check (wb_mask_phone, "02423456789", "*******6789");
  check (wb_mask_phone, "23456789", "****6789");
  check (wb_mask_phone, "95588", "***88");
  check (wb_mask_phone, "110", "**0");
  check (wb_mask_phone, "1", "*");

  /* Not a phone number at all: treated like a landline, not echoed. */
  check (wb_mask_phone, "电话13812345678", "*********5678");

  check (wb_mask_phone, NULL, "");
  check (wb_mask_phone, "", "");
}

static void
test_name (void)
{
  check (wb_mask_name, "张三", "张*");
  check (wb_mask_name, "张三丰", "张**");
  check (wb_mask_name, "王小二三", "王***");
  check (wb_mask_name, " 李四 ", "李*");

  /* Compound surnames are kept whole. */
  check (wb_mask_name, "欧阳娜娜", "欧阳**");
  check (wb_mask_name, "欧阳修", "欧阳*");
  check (wb_mask_name, "司马光", "司马*");
  check (wb_mask_name, "诸葛亮", "诸葛*");
  check (wb_mask_name, "上官婉儿", "上官**");
  check (wb_mask_name, "慕容复", "慕容*");
  check (wb_mask_name, "呼延庆", "呼延*");
  /* A two-character name has a one-character surname even when it reads
   * like a compound one: 欧 阳. */
  check (wb_mask_name, "欧阳", "欧*");
  /* Surnames that merely start like a compound one stay one character. */
  check (wb_mask_name, "欧文", "欧*");
  check (wb_mask_name, "司晓明", "司**");

  /* Names with an interpunct (minority and foreign names). */
  check (wb_mask_name, "阿依古丽·买买提", "阿*******");

  check (wb_mask_name, "王", "*");
  check (wb_mask_name, NULL, "");
  check (wb_mask_name, "", "");
  check (wb_mask_name, "  ", "");
}

static void
test_address (void)
{
  /* District. */
  check (wb_mask_address, "辽宁省沈阳市和平区南京北街206号",
         "辽宁省沈阳市和平区***");
  check (wb_mask_address, "沈阳市沈北新区蒲河路1号", "沈阳市沈北新区***");
  check (wb_mask_address, "北京市朝阳区建国路88号", "北京市朝阳区***");
  /* County. */
  check (wb_mask_address, "辽宁省沈阳市康平县胜利街道民主路3号",
         "辽宁省沈阳市康平县***");
  /* County-level city after a prefecture-level city. */
  check (wb_mask_address, "辽宁省沈阳市新民市辽河大街10号",
         "辽宁省沈阳市新民市***");
  check (wb_mask_address, "辽宁省大连市瓦房店市共济街1号",
         "辽宁省大连市瓦房店市***");
  /* Banner, after an autonomous region that must not count as a district. */
  check (wb_mask_address, "内蒙古自治区呼伦贝尔市鄂温克族自治旗巴彦托海镇",
         "内蒙古自治区呼伦贝尔市鄂温克族自治旗***");
  check (wb_mask_address, "广西壮族自治区南宁市青秀区民族大道100号",
         "广西壮族自治区南宁市青秀区***");
  check (wb_mask_address, "新疆维吾尔自治区阿克苏地区库车市天山路1号",
         "新疆维吾尔自治区阿克苏地区库车市***");
  check (wb_mask_address, "湖北省恩施土家族苗族自治州恩施市舞阳大道1号",
         "湖北省恩施土家族苗族自治州恩施市***");
  check (wb_mask_address, "内蒙古自治区锡林郭勒盟锡林浩特市额尔敦路1号",
         "内蒙古自治区锡林郭勒盟锡林浩特市***");
  /* The 州 of 锦州 is part of the city's name, not a prefecture. */
  check (wb_mask_address, "辽宁省锦州市凌海市北京路1号", "辽宁省锦州市凌海市***");

  /* Words that look like markers but are not. */
  check (wb_mask_address, "辽宁省沈阳市和平区幸福小区3号楼", "辽宁省沈阳市和平区***");
  check (wb_mask_address, "沈阳市五爱市场2楼沈河区", "沈阳市五爱市场2楼沈河区");
  check (wb_mask_address, "沈阳市市府大路和平区", "沈阳市市府大路和平区");
  check (wb_mask_address, "幸福小区3号楼2单元501室", "幸福小区3号***");
  check (wb_mask_address, "沈阳市红旗街5号院内", "沈阳市红旗***");

  /* Nothing to hide beyond the district. */
  check (wb_mask_address, "沈阳市和平区", "沈阳市和平区");

  /* No marker: the first 6 characters, never more than half. */
  check (wb_mask_address, "人民路一段十二号院三单元", "人民路一段十***");
  check (wb_mask_address, "和平路1号", "和平***");
  check (wb_mask_address, "某", "***");

  check (wb_mask_address, NULL, "");
  check (wb_mask_address, "", "");
  check (wb_mask_address, " \t", "");
}

static void
test_invalid_utf8 (void)
{
  /* Broken input from an old system must not crash or leak raw bytes past
   * the mask. */
  static const char broken[] = "\xe5\xbc\xa0\xff\xfe";   /* 张 then junk */
  g_autofree char *id = wb_mask_id_number ("2101\xff\xff" "0219900307123X");
  g_autofree char *phone = wb_mask_phone ("138\xff" "12345678");
  g_autofree char *name = wb_mask_name (broken);
  g_autofree char *address = wb_mask_address ("沈阳市\xff和平区南京北街");

  g_assert_true (g_utf8_validate (id, -1, NULL));
  g_assert_true (g_str_has_prefix (id, "2101"));
  g_assert_true (g_str_has_suffix (id, "123X"));
  g_assert_true (g_utf8_validate (phone, -1, NULL));
  g_assert_true (g_str_has_suffix (phone, "5678"));
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_prefix (name, "张"));
  g_assert_true (g_utf8_validate (address, -1, NULL));
  g_assert_true (g_str_has_suffix (address, "和平区***"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mask/id-number", test_id_number);
  g_test_add_func ("/mask/phone", test_phone);
  g_test_add_func ("/mask/name", test_name);
  g_test_add_func ("/mask/address", test_address);
  g_test_add_func ("/mask/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}
