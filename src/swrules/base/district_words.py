"""The words of the pictures and of a district's documents, in Chinese and English.

Input: none. Output: `DISTRICT_WORDS`, merged into `words.WORDS` (so `w(key, lang)` finds
them like any other word): chart titles and notes (`render.charts`), and the headings,
stock sentences and blanks of the district's summary report and public notice
(`render.district`, `render.district_word`); `DISTRICT_CLI_WORDS`, the help of the
district options, merged into `cli_words.CLI_WORDS`. Kept apart from `words` only for length.
"""

from __future__ import annotations

DISTRICT_WORDS: dict[str, tuple[str, str]] = {
    # pictures (render.charts)
    "chart_totals": ("各站点总分分布", "Totals of the stations"),
    "chart_vetoes": ("一票否决项触发情况", "Stations hit by each veto"),
    "chart_station": ("各评估方得分与失分", "Points awarded and lost, per party"),
    "stations_count": ("站点数", "stations"),
    "stations_hit": ("触发的站点数", "stations hit"),
    "points_lost": ("失 {n} 分", "{n} lost"),
    "to_next_band": ("距{band}还差 {n} 分", "{n} short of {band}"),
    "top_band": ("已达最高等级（{grade}）", "already in the highest grade ({grade})"),
    "veto_fixes": ("一票否决：等级定为{grade}，总分变化不改变等级",
                   "a veto fixes the grade at {grade} whatever the total"),
    "total_undetermined": ("总分未能确定", "the total could not be determined"),
    # the district's summary report and its public notice (render.district)
    "district_title": ("{district}社工服务站{phase}结果汇总报告", "{district}: summary of the {phase} evaluation"),
    "notice_title": ("{district}社工服务站{phase}结果公示",
                     "{district}: public notice of the {phase} evaluation results"),
    "round": ("评估轮次", "Evaluation round"),
    "round_field": ("项目", "item"),
    "round_value": ("内容", "value"),
    "evaluating_org": ("评估机构", "evaluating organisation"),
    "stations_evaluated": ("评估站点数", "stations evaluated"),
    "grade_counts": ("各等级站点数", "Stations per grade"),
    "share_of_stations": ("占比", "share"),
    "provisional_count": ("其中等级待核实", "of which provisional"),
    "veto_stations": ("一票否决项及触发站点", "Vetoes and the stations they hit"),
    "process_checks": ("核对事项", "check"),  # the column of the evaluation's process checks
    "finding_stations": ("需要关注的地方及涉及站点", "Findings and the stations they concern"),
    "near_edge_stations": ("总分距等级界限一分以内的站点", "Stations within one point of a band edge"),
    "edge": ("等级界限", "band edge"),
    "differing_figures": ("公布的数字与计算不一致的站点", "Published figures that differ from the computed ones"),
    "failed_stations": ("未能评估的站点", "Stations that could not be evaluated"),
    "reason": ("原因", "reason"),
    "station_list": ("各站点评估结果", "Results per station"),
    "number": ("序号", "No."),
    # a station named in a list where another shares its name: its number in the table (`render.district`)
    "station_number": ("序号 {n}", "No. {n}"),
    "n_stations": ("{n} 个站点", "{n} stations"),
    "all_stations": ("全部 {n} 个站点", "all {n} stations"),
    "example_mark": ("（示例）", " (example)"),
    "example_note": ("本文件中标注“示例”的站点为演示用的虚构站点，并非真实评估结果。",
                     "Stations marked “example” are invented for demonstration; they are not real results."),
    "notice_intro": ("根据{policy}，经区民政局确认，现将{district}社工服务站{phase}结果予以公示。",
                     "Under {policy}, the {phase} evaluation results of the stations of {district} are published."),
    "notice_period": ("公示期：＿＿＿＿年＿＿月＿＿日至＿＿＿＿年＿＿月＿＿日（不少于 7 个工作日）",
                      "Notice period: from ________ to ________ (at least 7 working days)"),
    "notice_objection": ("公示期间如有异议，请以书面形式向＿＿＿＿＿＿＿＿＿＿反映（联系电话：＿＿＿＿＿＿＿＿；"
                         "地址：＿＿＿＿＿＿＿＿＿＿＿＿＿＿）。",
                         "Objections in writing during the notice period to __________ "
                         "(telephone: ________; address: ______________)."),
    "notice_signature": ("＿＿＿＿＿＿＿＿（区民政局盖章）", "________ (district civil affairs bureau, seal)"),
    "notice_provisional": ("等级标注“待核实”的站点尚有一票否决项未能核实，核实后确定最终结果。",
                           "A grade marked provisional awaits a veto that could not be verified."),
    "process_note": ("评估结果经区民政局确认（收到评估报告后 5 个工作日内）后予以公示，公示期不少于 7 个工作日，"
                     "公示期满无异议的为最终评估结果。",
                     "The bureau confirms the results within 5 working days of receiving the report; they are then "
                     "published for at least 7 working days, and become final if no objection is upheld."),
    "initial_result": ("初评结果", "initial result"),
    "unverified": ("未能核实", "could not be verified"),
    "date_line": ("日期", "date"),
    "no_stations_near": ("没有站点的总分距等级界限一分以内。", "No station is within one point of a band edge."),
}

# The help of `swrules report`'s district options, in the officer's language (merged into `cli_words.CLI_WORDS`).
DISTRICT_CLI_WORDS: dict[str, str] = {
    "Write the evaluation report of the station in FACTS under POLICY; for a folder or a workbook "
    "of several stations, the district's summary report or its public notice (--kind notice).":
        "按政策为事实文件中的站点生成评估报告；事实为文件夹或含多个站点的工作簿时，生成区汇总报告，"
        "或公示名单（--kind notice）。",
    "For a folder or workbook of stations: summary (the district's report, with pictures) or "
    "notice (the public notice, 公示 list).":
        "事实为文件夹或多站点工作簿时：summary（区汇总报告，含图）或 notice（公示名单）。",
    "The date printed on a district's document (as 2025年2月20日); without it the date is left "
    "blank for the bureau to fill.":
        "区汇总报告或公示名单上印的日期（写作 2025年2月20日）；不给时日期留空，由区民政局填写。",
}
