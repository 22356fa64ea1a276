// EPUBCheck on several EPUBs in one JVM. Its command line checks one file per JVM, and each start costs
// about 5 s; this calls the same checker (com.adobe.epubcheck.tool.EpubChecker, as its command line does)
// once per file. Run by pipeline/tools/epubcheck.py with Java's source launcher:
//   java -cp epubcheck.jar:lib/* EpubCheckBatch.java REPORTS FILE...
// For the i-th FILE (from 0) it writes EPUBCheck's JSON report to REPORTS/i.json and prints "i EXIT" on a
// line of its own (EXIT 0: no error and no warning).
public class EpubCheckBatch {
  public static void main(String[] args) {
    for (int i = 1; i < args.length; i++) {
      String report = args[0] + "/" + (i - 1) + ".json";
      String[] options = {args[i], "--failonwarnings", "--quiet", "--json", report};
      int exit = new com.adobe.epubcheck.tool.EpubChecker().run(options);
      System.out.println((i - 1) + " " + exit);
    }
  }
}
